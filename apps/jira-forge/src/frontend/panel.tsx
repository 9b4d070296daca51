import ForgeReconciler from '@forge/react';
import { Panel } from './panel-view';

ForgeReconciler.render(<Panel />);
