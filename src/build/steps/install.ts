/** Boots QEMU and drives Windows Setup until the guest is ready, then shuts it down. */
import { BuildError } from '../../errors.js';
import type { Step } from '../context.js';

export const install: Step = {
  title: 'Installing Windows',
  async run() {
    throw new BuildError('internal', 'Running the install is not implemented yet', {
      hint: 'Use --dry-run to check the inputs and see the QEMU command line.',
    });
  },
};
