import { Tab, TabList, TabPanel, Tabs } from '@forge/react';
import { Health } from './health-view';
import { Releases } from './releases-view';

/**
 * The app's one project page (Jira allows a single `jira:projectPage` module per app): "Releases" and "PO
 * health" as tabs.
 */
export function ProjectPage() {
  return (
    <Tabs id="readygate-project" testId="project-tabs">
      <TabList>
        <Tab>Releases</Tab>
        <Tab>PO health</Tab>
      </TabList>
      <TabPanel>
        <Releases />
      </TabPanel>
      <TabPanel>
        <Health />
      </TabPanel>
    </Tabs>
  );
}
