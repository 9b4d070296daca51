import ForgeReconciler from '@forge/react';
import { SprintCheck } from './sprint-check-view';

ForgeReconciler.render(<SprintCheck />);
