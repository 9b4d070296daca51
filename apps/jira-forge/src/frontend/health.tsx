import ForgeReconciler from '@forge/react';
import { Health } from './health-view';

ForgeReconciler.render(<Health />);
