import { call, type Command, parse, table, UsageError } from '../io';

function ids(list: string[]): number[] {
  return list.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`not a recording id: ${JSON.stringify(s)}`);
    return n;
  });
}

export const recordingsCommand: Command = {
  name: 'recordings',
  summary: 'List, rename, tag or delete recordings',
  usage:
    'sensorlab recordings list [--tag T]… [--json]\n' +
    '       sensorlab recordings delete <id…> [--json]\n' +
    '       sensorlab recordings rename <id> <name> [--json]\n' +
    '       sensorlab recordings tag <id> [--tag T]… [--json]   (replaces the tags)',
  async run({ args, io, core }) {
    const [sub, ...rest] = args;
    const { values, positionals } = parse(rest, { tag: { type: 'string', multiple: true } });
    const c = core();
    const print = (doc: unknown, text: () => string) => io.out(values.json ? JSON.stringify(doc) : text());
    switch (sub) {
      case 'list': {
        const recs = await call(c, 'recordings.list', { tags: values.tag });
        print(recs, () =>
          table(
            recs.map((r) => ({
              id: r.id,
              name: r.name,
              duration: `${r.durationS.toFixed(1)} s`,
              rate: `${r.sampleRate} Hz`,
              channels: r.channels.map((ch) => (ch.unit ? `${ch.name} (${ch.unit})` : ch.name)).join(', '),
              labelled: `${(100 * r.labelCoverage).toFixed(0)}%`,
              tags: r.tags.join(',')
            })),
            ['id', 'name', 'duration', 'rate', 'channels', 'labelled', 'tags']
          )
        );
        return 0;
      }
      case 'delete': {
        if (positionals.length === 0) throw new UsageError('name the ids to delete');
        const res = await call(c, 'recordings.delete', { ids: ids(positionals) });
        print(res, () => `deleted ${res.deleted} recording(s)`);
        return 0;
      }
      case 'rename': {
        if (positionals.length !== 2) throw new UsageError('usage: recordings rename <id> <name>');
        const rec = await call(c, 'recordings.rename', { id: ids([positionals[0]])[0], name: positionals[1] });
        print(rec, () => `renamed ${rec.id} to ${rec.name}`);
        return 0;
      }
      case 'tag': {
        if (positionals.length !== 1) throw new UsageError('usage: recordings tag <id> --tag T…');
        const rec = await call(c, 'recordings.setTags', { id: ids(positionals)[0], tags: values.tag ?? [] });
        print(rec, () => `${rec.name}: ${rec.tags.join(', ') || '(no tags)'}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown subcommand ${JSON.stringify(sub ?? '')} (list, delete, rename, tag)`);
    }
  }
};
