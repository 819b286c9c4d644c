/** Every command, in the order `ml-connector --help` lists them. */
import type { CommandSpec } from '../command.ts';
import { auditCommand } from './audit.ts';
import { checkCommand } from './check.ts';
import { connectCommand } from './connect.ts';
import { demoCommand } from './demo.ts';
import { holdsCommand } from './holds.ts';
import { planCommand } from './plan.ts';
import { previewCommand } from './preview.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';
import { secretsCommand } from './secrets.ts';
import { serveCommand } from './serve.ts';
import { simulateCommand } from './simulate.ts';
import { statusCommand } from './status.ts';
import { validateCommand } from './validate.ts';
import { webhooksCommand } from './webhooks.ts';

export const COMMANDS: readonly CommandSpec[] = [
  runCommand,
  validateCommand,
  previewCommand,
  planCommand,
  auditCommand,
  holdsCommand,
  replayCommand,
  secretsCommand,
  checkCommand,
  connectCommand,
  webhooksCommand,
  serveCommand,
  statusCommand,
  simulateCommand,
  demoCommand,
];

/** Commands the product lists that this version does not have yet: named plainly instead of "unknown command". */
export const NOT_YET: readonly string[] = [];
