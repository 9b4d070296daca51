import type { PublicKeyView } from './results.js';

/** A GitHub workflow step that checks PRs with the app's public keys (the current one first). */
export function workflowSnippet(keys: readonly PublicKeyView[]): string {
  const lines = keys.map((k) => `      ${k.text}`);
  return [
    '- uses: readygate/readygate/apps/github-action@v1',
    '  with:',
    '    jira-url: https://your-site.atlassian.net',
    '    jira-email: ${{ secrets.JIRA_EMAIL }}',
    '    jira-token: ${{ secrets.JIRA_TOKEN }}',
    '    public-key: |',
    ...lines,
  ].join('\n');
}
