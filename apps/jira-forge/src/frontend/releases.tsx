import ForgeReconciler from '@forge/react';
import { Releases } from './releases-view';

ForgeReconciler.render(<Releases />);
