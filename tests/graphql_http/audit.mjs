// Runs every audit of graphql-http against URL; prints the ones not ok; exits 1 if a MUST fails.
import { auditServer } from 'graphql-http';
const url = process.argv[2];
const results = await auditServer({ url });
let failedMust = 0;
for (const r of results) {
  if (r.status !== 'ok') {
    const must = r.name.startsWith('MUST');
    if (must) failedMust++;
    console.log(`${r.status.toUpperCase()} ${r.name} :: ${r.reason}`);
  }
}
console.log(`${results.filter(r => r.status === 'ok').length} ok, ${failedMust} MUST failed`);
process.exit(failedMust ? 1 : 0);
