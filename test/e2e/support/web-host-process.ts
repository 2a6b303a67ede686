/** Moved to tools/support so benchmarks need no test code; tests keep importing it from here. */
export * from '../../../tools/support/web-host-process';
