import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHOP1_CRITERIA, shopDescription, startShop, type Shop } from './test-support/shop.js';
import type { WorkflowResult } from './index.js';

let shop: Shop;
beforeEach(async () => {
  shop = await startShop();
});
afterEach(async () => {
  await shop.stop();
});

function value<T>(r: WorkflowResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

const descriptionEdit = {
  issue: { id: '30001', key: 'SHOP-1' },
  changelog: { items: [{ field: 'description', fieldId: 'description' }] },
};

function comments(): { body: unknown; authorAccountId?: string }[] {
  return shop.fake.state.issue('SHOP-1')!.comments;
}

async function approve(): Promise<void> {
  const fp = value(await shop.wf.loadPanel(shop.as.po, { issue: 'SHOP-1' })).criteria.fingerprint!;
  value(await shop.wf.approveAc(shop.as.po, { issue: 'SHOP-1', acFingerprint: fp }));
}

describe('issue updated', () => {
  it('tells the PO once when approved AC change, however many edits follow', async () => {
    await approve();
    const unchanged = value(await shop.wf.onIssueUpdated(descriptionEdit));
    expect(unchanged).toEqual({ approvalStale: false, commented: false });

    shop.fake.state.issue('SHOP-1')!.description = shopDescription([
      ...SHOP1_CRITERIA,
      'Coupons reduce the total.',
    ]);
    expect(value(await shop.wf.onIssueUpdated(descriptionEdit))).toEqual({
      approvalStale: true,
      commented: true,
    });
    const text = JSON.stringify(comments()[0]);
    expect(text).toContain('"id":"shop-po"');
    expect(text).toContain('(1 added)');

    shop.fake.state.issue('SHOP-1')!.description = shopDescription([
      ...SHOP1_CRITERIA,
      'Coupons reduce the total by their value.',
    ]);
    expect(value(await shop.wf.onIssueUpdated(descriptionEdit))).toEqual({
      approvalStale: true,
      commented: false,
    });
    // The same event delivered twice at once still comments at most once.
    await Promise.all([shop.wf.onIssueUpdated(descriptionEdit), shop.wf.onIssueUpdated(descriptionEdit)]);
    expect(comments()).toHaveLength(1);
  });

  it('comments again after a fresh approval goes stale', async () => {
    await approve();
    shop.fake.state.issue('SHOP-1')!.description = shopDescription(SHOP1_CRITERIA.slice(1));
    value(await shop.wf.onIssueUpdated(descriptionEdit));
    shop.clock.advance(60_000);
    await approve();
    shop.fake.state.issue('SHOP-1')!.description = shopDescription(SHOP1_CRITERIA);
    expect(value(await shop.wf.onIssueUpdated(descriptionEdit))).toMatchObject({ commented: true });
    expect(comments()).toHaveLength(2);
  });

  it('does not comment when the settings say not to, and ignores edits that cannot touch the AC', async () => {
    value(
      await shop.wf.saveSettings(shop.as.po, {
        project: 'SHOP',
        policy: { version: 1 },
        notifications: { staleApprovalComment: false },
      }),
    );
    await approve();
    shop.fake.state.issue('SHOP-1')!.description = shopDescription(SHOP1_CRITERIA.slice(1));
    expect(value(await shop.wf.onIssueUpdated(descriptionEdit))).toEqual({
      approvalStale: true,
      commented: false,
    });
    const before = shop.jira.requests();
    const labels = { ...descriptionEdit, changelog: { items: [{ field: 'labels', fieldId: 'labels' }] } };
    expect(value(await shop.wf.onIssueUpdated(labels))).toEqual({ approvalStale: false, commented: false });
    expect(shop.jira.requests()).toBe(before);
    expect(comments()).toHaveLength(0);
  });

  it('lets a later delivery comment when Jira refused the comment', async () => {
    await approve();
    shop.fake.state.issue('SHOP-1')!.description = shopDescription(SHOP1_CRITERIA.slice(1));
    shop.fake.faults.add({
      route: '/rest/api/3/issue/{issueIdOrKey}/comment',
      method: 'POST',
      status: 503,
      times: 1,
    });
    const failed = await shop.wf.onIssueUpdated(descriptionEdit);
    expect(failed).toMatchObject({ ok: false, error: { code: 'jira' } });
    expect(value(await shop.wf.onIssueUpdated(descriptionEdit))).toMatchObject({ commented: true });
    expect(comments()).toHaveLength(1);
  });
});
