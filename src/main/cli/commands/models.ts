import type { ModelSummary } from '../../../shared/api/ml';
import { call, type Command, EXIT_OK, parse, table, UsageError } from '../io';

function ref(s: string | undefined): string | number {
  if (!s) throw new UsageError('name a model (its name or id)');
  return /^\d+$/.test(s) ? Number(s) : s;
}

function row(m: ModelSummary): Record<string, string | number> {
  const v = m.metrics?.validation;
  return {
    id: m.id,
    name: m.name,
    arch: m.arch,
    classes: m.classes.length,
    window: `${m.window.length}${m.window.mode === 'auto' ? ' (auto)' : ''}`,
    rate: `${m.sampleRate} Hz`,
    'val acc': v ? `${(100 * v.accuracy).toFixed(1)}%` : '–',
    created: m.createdAt.slice(0, 19).replace('T', ' ')
  };
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'Trained models: list, show, rename, delete, export to / import from a TensorFlow.js folder',
  usage:
    'sensorlab models list [--json]\n' +
    '       sensorlab models show <name|id> [--json]\n' +
    '       sensorlab models rename <name|id> <new name> [--json]\n' +
    '       sensorlab models delete <name|id> [--json]\n' +
    '       sensorlab models export <name|id> <dir> [--json]\n' +
    '       sensorlab models import <dir> [--name M] [--json]',
  async run({ args, io, core }) {
    const [sub, ...rest] = args;
    const { values, positionals } = parse(rest, { name: { type: 'string' } });
    const c = core();
    const print = (doc: unknown, text: () => string) => io.out(values.json ? JSON.stringify(doc) : text());
    const want = (n: number, what: string) => {
      if (positionals.length !== n) throw new UsageError(`usage: models ${sub} ${what}`);
    };
    switch (sub) {
      case 'list': {
        const list = await call(c, 'models.list', {});
        print(list, () => (list.length ? table(list.map(row), ['id', 'name', 'arch', 'classes', 'window', 'rate', 'val acc', 'created']) : 'no models yet'));
        return EXIT_OK;
      }
      case 'show': {
        want(1, '<name|id>');
        const m = await call(c, 'models.get', { id: ref(positionals[0]) });
        print(m, () =>
          [
            `${m.name} (id ${m.id}): ${m.arch}, ${m.params} weights, trained on ${m.backend} in ${m.durationS.toFixed(1)} s`,
            `classes: ${m.classes.join(', ')}`,
            `channels: ${m.channels.map((ch) => ch.name).join(', ')} at ${m.sampleRate} Hz; window ${m.window.length} samples (${m.window.mode}), stride ${m.window.stride}`,
            m.metrics?.validation ? `validation accuracy ${(100 * m.metrics.validation.accuracy).toFixed(1)}%` : 'no validation set'
          ].join('\n')
        );
        return EXIT_OK;
      }
      case 'rename': {
        want(2, '<name|id> <new name>');
        const m = await call(c, 'models.rename', { id: ref(positionals[0]), name: positionals[1] });
        print(m, () => `renamed to "${m.name}"`);
        return EXIT_OK;
      }
      case 'delete': {
        want(1, '<name|id>');
        const res = await call(c, 'models.delete', { id: ref(positionals[0]) });
        print(res, () => `deleted ${res.deleted} model(s)`);
        return EXIT_OK;
      }
      case 'export': {
        want(2, '<name|id> <dir>');
        const res = await call(c, 'models.export', { id: ref(positionals[0]), dir: positionals[1] });
        print(res, () => `wrote ${res.files.join(', ')}`);
        return EXIT_OK;
      }
      case 'import': {
        want(1, '<dir>');
        const m = await call(c, 'models.import', { dir: positionals[0], name: values.name });
        print(m, () => `imported "${m.name}" (id ${m.id})`);
        return EXIT_OK;
      }
      default:
        throw new UsageError(`unknown subcommand ${JSON.stringify(sub ?? '')} (list, show, rename, delete, export, import)`);
    }
  }
};
