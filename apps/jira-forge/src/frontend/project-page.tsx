import ForgeReconciler from '@forge/react';
import { ProjectPage } from './project-page-view';

ForgeReconciler.render(<ProjectPage />);
