import { Lozenge, Spinner, Text, useProductContext } from '@forge/react';
import type { BadgeView } from '@readygate/workflows';
import { useEffect, useState } from 'react';
import { call } from './call';
import { extensionKey } from './extension';

/** The issue context badge: "Ready" or "Not ready — 3 gaps", without opening the panel. */
export function Badge() {
  const context = useProductContext();
  const issue = extensionKey(context, 'issue');
  const [badge, setBadge] = useState<BadgeView | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (issue === undefined) return;
    void call('loadBadge', { issue }).then((r) => {
      if (r.ok) setBadge(r.value);
      else setError(r.error.message);
    });
  }, [issue]);
  if (error !== undefined) return <Text testId="badge-error">{error}</Text>;
  if (badge === undefined) return <Spinner label="Loading readiness" />;
  return (
    <Lozenge appearance={badge.ready ? 'success' : 'removed'} testId="badge">
      {badge.label}
    </Lozenge>
  );
}
