import { SectionMessage, Text } from '@forge/react';

/** One line after an action: what happened, or what went wrong and who fixes it. */
export function Outcome({ notice, error }: { notice?: string | undefined; error?: string | undefined }) {
  if (error !== undefined)
    return (
      <SectionMessage appearance="error" testId="error">
        <Text>{error}</Text>
      </SectionMessage>
    );
  if (notice !== undefined)
    return (
      <SectionMessage appearance="success" testId="notice">
        <Text>{notice}</Text>
      </SectionMessage>
    );
  return null;
}
