// The rank scenario lives in testkit/; this path stays for the tests that import it from here.
export { rankBatchBody, rankMeeting } from '../../testkit/rank-plans';
