// Pinned public sources. A source is a file at a fixed commit of a public
// repository, identified by its raw-GitHub path and its sha256; the host that
// serves it is a setting (see mirrors.ts), never part of the pin.
export interface PinnedFile {
  /** `<owner>/<repo>/<commit>/<path>`, the raw-GitHub layout. */
  path: string;
  sha256: string;
  bytes: number;
}

export const SIB200 = {
  repo: "dadelani/sib-200",
  commit: "593cea88519930f776c1a4a1980b6a35b39dca57",
  license: "Apache-2.0 (texts from FLORES-200, CC BY-SA 4.0)",
} as const;

export const XPE_REPO = {
  repo: "bmikaberidze/XPE",
  commit: "78b384fc14a4ca1a0f2737701e8dbd3e9af7d336",
  metaPath: "nlpka/datasets/storage/benchmarks/text_classification/topic/sib200_tokenized_xlmr/meta.csv",
} as const;

export function rawPath(repo: string, commit: string, path: string): string {
  return `${repo}/${commit}/${path}`;
}

/** URIEL feature matrices as lang2vec ships them (the precomputed distance matrices are not in this commit's files). */
export const LANG2VEC = {
  repo: "antonisa/lang2vec",
  commit: "82ab4457ae3a45f552b8d70310ac2a259b44c62a",
  license: "CC BY-SA 4.0",
} as const;

/** Language coordinates (iso3,lat,lon) and the ISO 639-3 code table. */
export const DATA_LANG2VEC = {
  repo: "hamid-amir/data_lang2vec",
  commit: "721db56b66a16cfde78a5cd95efdf278dd219c6e",
  license: "none stated",
} as const;

/** Philippy et al. (SPT): XGLM / BLOOM pretraining language ratios. */
export const SPT_REPO = {
  repo: "fredxlpy/cross_lingual_prompt_tuning",
  commit: "88b5ba63724d10c73c59fa5b741a86ba03547ddc",
  license: "none stated",
} as const;

/** Huang et al. (UniPrompt): their exact MARC k-shot splits (train/dev per k and seed, one test file per language). */
export const UNIPROMPT_REPO = {
  repo: "mojave-pku/UniPrompt",
  commit: "91e8e81ca328ce420a0ef06bc9aa8b244579e62c",
  license: "repo MIT; MARC data under Amazon's own license (data/original/readme.md)",
} as const;

/** XNLI dev (labelled) and test (labels stripped) and PAWS-X dev for every language, XTREME layout. */
export const MESH_REPO = {
  repo: "GautamGupta17/MESH",
  commit: "68f82e29e71a4e425069ff398a61387c24c0f30d",
  license: "repo MIT; XNLI CC BY-NC 4.0; PAWS-X as Google releases it (free use, attribution)",
} as const;

/** The German XNLI test set with labels (XGLUE layout), row-aligned with MESH's test-de.tsv. */
export const SUPERGLEBER_REPO = {
  repo: "LSX-UniWue/SuperGLEBer",
  commit: "5d3c59a91ab3b5011a45a28cfafe813cf657111d",
  license: "see the repository (XNLI CC BY-NC 4.0)",
} as const;
