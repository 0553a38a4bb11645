import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log only what needs attention.
Runtime.install({ logger: new DefaultLogger('WARN') });
