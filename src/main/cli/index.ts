// `sensorlab …`: the command-line door. Every command goes through the same contract validation.
import { version } from '../../../package.json';
import { AppError, toErrorEnvelope } from '../../shared/errors';
import { createCore, type Core } from '../core';
import { resolveDataDir } from '../data-dir';
import { classifyCommand } from './commands/classify';
import { demoCommand } from './commands/demo';
import { evaluateCommand } from './commands/evaluate';
import { importCommand } from './commands/import';
import { infoCommand } from './commands/info';
import { labelsCommand } from './commands/labels';
import { modelsCommand } from './commands/models';
import { recordingsCommand } from './commands/recordings';
import { serveCommand } from './commands/serve';
import { trainCommand } from './commands/train';
import { type Command, EXIT_USAGE, type Io, processIo, UsageError } from './io';

export const commands: Command[] = [
  serveCommand,
  infoCommand,
  importCommand,
  recordingsCommand,
  labelsCommand,
  demoCommand,
  trainCommand,
  evaluateCommand,
  classifyCommand,
  modelsCommand
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `SensorLab ${version} — sensor recordings to a working classifier`,
    '',
    'usage: sensorlab <command> [options]   (every command takes --data-dir D; --json prints one JSON document)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'sensorlab <command> --help shows a command\'s options. Data folder: --data-dir, else $SENSORLAB_DATA_DIR,',
    'else the desktop app\'s folder.'
  ].join('\n');
}

/** Pulls --data-dir out of the arguments (it is common to every command). */
function takeDataDir(args: string[]): { dataDir?: string; rest: string[] } {
  const rest: string[] = [];
  let dataDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--data-dir') {
      dataDir = args[++i];
      if (!dataDir) throw new UsageError('--data-dir needs a folder');
    } else if (a.startsWith('--data-dir=')) dataDir = a.slice('--data-dir='.length);
    else rest.push(a);
  }
  return { dataDir, rest };
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(version);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`sensorlab: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${command.summary}\n\nusage: ${command.usage}`);
    return 0;
  }
  let core: Core | null = null;
  const wantsJson = args.includes('--json');
  try {
    const { dataDir, rest } = takeDataDir(args);
    const dir = resolveDataDir(dataDir);
    return await command.run({
      args: rest,
      io,
      dataDir: dir,
      core: () => (core ??= createCore({ dataDir: dir }))
    });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`sensorlab ${name}: ${err.message}\nusage: ${command.usage}`);
      return EXIT_USAGE;
    }
    const env = toErrorEnvelope(err);
    if (wantsJson) io.out(JSON.stringify({ error: env }));
    io.err(`sensorlab ${name}: ${env.message}`);
    // A missing thing or a bad request is the caller's argument problem (2); anything else failed (1).
    return env.code === 'BAD_REQUEST' || env.code === 'NOT_FOUND' ? EXIT_USAGE : 1;
  } finally {
    await (core as Core | null)?.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`sensorlab: ${err instanceof AppError ? err.message : (err as Error).stack}\n`);
      process.exit(1);
    }
  );
}
