import ForgeReconciler from '@forge/react';
import { Settings } from './settings-view';

ForgeReconciler.render(<Settings />);
