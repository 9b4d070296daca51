import ForgeReconciler from '@forge/react';
import { Badge } from './context-view';

ForgeReconciler.render(<Badge />);
