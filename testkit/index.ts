// The batch scenario (plans, checks, ballots, dates, actors) and the HTTP driver that runs it through the API: shared
// by the tests, the benchmarks, the scripts, the cluster drill and the fault harness.
export * from './actors';
export * from './checks';
export * from './dates';
export * from './driver';
export * from './http';
export * from './meetings';
export * from './rank-plans';
export * from './selection-plans';
export * from './tokens';
