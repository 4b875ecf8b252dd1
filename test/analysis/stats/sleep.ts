// R's `sleep` data (Cushny & Peebles 1905, via Student 1908): extra hours of
// sleep of the same 10 patients under drug 1 (group 1) and drug 2 (group 2).
export const SLEEP_GROUP1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
export const SLEEP_GROUP2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
