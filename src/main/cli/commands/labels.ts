import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { call, type Command, parse, table, UsageError } from '../io';

export const labelsCommand: Command = {
  name: 'labels',
  summary: 'Label classes and segment labels: list, import, export (CSV or JSON)',
  usage:
    'sensorlab labels list [--json]\n' +
    '       sensorlab labels export [--format csv|json] [--tag T]… [--out FILE] [--json]\n' +
    '       sensorlab labels import <file.csv|file.json> [--format csv|json] [--json]',
  async run({ args, io, core }) {
    const [sub, ...rest] = args;
    const { values, positionals } = parse(rest, {
      tag: { type: 'string', multiple: true },
      out: { type: 'string' },
      format: { type: 'string' }
    });
    const format = values.format ?? undefined;
    if (format !== undefined && format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
    const c = core();
    switch (sub) {
      case 'list': {
        const classes = await call(c, 'labels.list', {});
        io.out(values.json ? JSON.stringify(classes) : table(classes.map((l) => ({ id: l.id, name: l.name, color: l.color, key: l.key ?? '' })), ['id', 'name', 'color', 'key']));
        return 0;
      }
      case 'export': {
        const fmt = format ?? (values.out && extname(values.out).toLowerCase() === '.json' ? 'json' : 'csv');
        const res = await call(c, 'labels.export', { format: fmt, tags: values.tag });
        if (values.out) {
          writeFileSync(values.out, res.text);
          io.err(`wrote ${res.count} segment(s) to ${values.out}`);
          if (values.json) io.out(JSON.stringify({ file: values.out, count: res.count }));
        } else io.out(res.text);
        return 0;
      }
      case 'import': {
        if (positionals.length !== 1) throw new UsageError('name one labels file to import');
        const file = positionals[0];
        const fmt = format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (err) {
          throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
        }
        const res = await call(c, 'labels.import', { text, format: fmt });
        if (values.json) io.out(JSON.stringify(res));
        else io.out(`added ${res.segments} segment(s) to ${res.recordings} recording(s)`);
        for (const s of res.skipped) io.err(`skipped line ${s.line}: ${s.reason}`);
        return res.skipped.length ? 1 : 0;
      }
      default:
        throw new UsageError(`unknown subcommand ${JSON.stringify(sub ?? '')} (list, export, import)`);
    }
  }
};
