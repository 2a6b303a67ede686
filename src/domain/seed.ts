/** Seeds are uint32 everywhere (stored with each child, typed by users, passed to the PRNG). */
export const MAX_SEED = 0xffffffff;
