/**
 * True only in the test build (npm run build:test): code under `if (__KINSHIP_TEST_HOOKS__)`
 * is dropped from the production renderer (docs/ARCHITECTURE.md, "Test hooks").
 */
declare const __KINSHIP_TEST_HOOKS__: boolean;
