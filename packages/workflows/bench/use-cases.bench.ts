// Jira requests and wall time per use case against the fake Jira with 100 ms per request (the issue's budget:
// panel load ≤ 2 once roles are cached, approval ≤ 3, validator ≤ 1, each under 0.5 s at that latency).
import { startShop } from '../src/test-support/shop.js';

const LATENCY_MS = 100;
const shop = await startShop({ latencyMs: LATENCY_MS });
const rows: { what: string; requests: number; ms: number; budget: string }[] = [];

async function measure(what: string, budget: string, f: () => Promise<unknown>): Promise<void> {
  const before = shop.jira.requests();
  const t0 = performance.now();
  const out = await f();
  const ms = performance.now() - t0;
  if (typeof out === 'object' && out !== null && 'ok' in out && out.ok === false)
    throw new Error(`${what} failed: ${JSON.stringify(out)}`);
  rows.push({ what, requests: shop.jira.requests() - before, ms, budget });
}

try {
  const issue = 'SHOP-1';
  let fp = '';
  await measure('panel load (roles not cached yet)', '-', async () => {
    const r = await shop.wf.loadPanel(shop.as.ba, { issue });
    if (r.ok) fp = r.value.criteria.fingerprint ?? '';
    return r;
  });
  await measure('panel load (roles cached)', '≤ 2', () => shop.wf.loadPanel(shop.as.ba, { issue }));
  await measure('BA marks AC ready', '≤ 3', () =>
    shop.wf.markAcReady(shop.as.ba, { issue, acFingerprint: fp }),
  );
  await measure('QA testability review', '≤ 3', () =>
    shop.wf.reviewTestability(shop.as.qa, { issue, acFingerprint: fp, testable: true }),
  );
  await measure('PO approves AC', '≤ 3', () => shop.wf.approveAc(shop.as.po, { issue, acFingerprint: fp }));
  const panel = await shop.wf.loadPanel(shop.as.qa, { issue });
  const covers = panel.ok ? panel.value.criteria.items.map((c) => c.id) : [];
  await measure('QA adds evidence', '≤ 3', () =>
    shop.wf.addEvidence(shop.as.qa, {
      issue,
      acFingerprint: fp,
      url: 'https://ci.shop.test/runs/1',
      evidenceKind: 'automated-tests',
      result: 'passed',
      covers,
    }),
  );
  await measure('PO accepts story', '≤ 3', () =>
    shop.wf.acceptStory(shop.as.po, { issue, acFingerprint: fp }),
  );
  await measure('validator "Story is ready"', '≤ 1', () =>
    shop.wf.validateTransition({ issue: { key: issue }, gate: 'ready' }),
  );
  await measure('validator "Story is done"', '≤ 1', () =>
    shop.wf.validateTransition({ issue: { key: issue }, gate: 'done' }),
  );
  await measure('issue context badge', '-', () => shop.wf.loadBadge(shop.as.dev, { issue }));
  shop.fake.state.issue(issue)!.properties['readygate'] = { edited: true };
  await measure('panel load repairing an edited mirror', '≤ 2', () =>
    shop.wf.loadPanel(shop.as.dev, { issue }),
  );
} finally {
  await shop.stop();
}

console.log(`@readygate/workflows use cases, fake Jira at ${LATENCY_MS} ms per request`);
console.log('use case'.padEnd(42) + 'requests  budget  wall ms');
for (const r of rows)
  console.log(
    r.what.padEnd(42) + String(r.requests).padStart(8) + r.budget.padStart(8) + r.ms.toFixed(0).padStart(9),
  );
