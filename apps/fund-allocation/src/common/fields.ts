/** Item codes as the visit events carry them, e.g. `cotton-coat`. */
export const ITEM_CODE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Org codes: letters, digits and a few separators, at most 64 characters. */
export const ORG_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
