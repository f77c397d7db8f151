import { call, type Command, EXIT_OK, EXIT_PARTIAL, followJob, jobResult, numberFlag, parse, UsageError } from '../io';
import type { ImportResult } from '../../../shared/api/library';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import files or folders (CSV/TSV, WAV, EDF/BDF, UCR/UEA .ts) into the library',
  usage: 'sensorlab import <files|dirs…> [--tag T]… [--sample-rate HZ] [--resample] [--data-dir D] [--json]',
  async run({ args, io, core }) {
    const { values, positionals } = parse(args, {
      tag: { type: 'string', multiple: true },
      'sample-rate': { type: 'string' },
      resample: { type: 'boolean' }
    });
    if (positionals.length === 0) throw new UsageError('name at least one file or folder to import');
    const c = core();
    const { jobId } = await call(c, 'import.start', {
      paths: positionals,
      tags: values.tag ?? [],
      sampleRate: numberFlag(values['sample-rate'], 'sample-rate', (n) => n > 0),
      resample: values.resample ?? false
    });
    const job = await followJob(c, jobId, io);
    const result = jobResult<ImportResult>(job);
    if (values.json) io.out(JSON.stringify(result));
    else {
      for (const r of result.recordings) {
        io.out(`imported ${r.name} (id ${r.id})${r.warnings.length ? ` — ${r.warnings.length} warning(s)` : ''}`);
        for (const w of r.warnings) io.out(`  warning: ${w}`);
      }
      io.out(`${result.recordings.length} recording(s) from ${(result.bytes / 1e6).toFixed(1)} MB`);
    }
    for (const f of result.failed) io.err(`failed: ${f.file}: ${f.message}`);
    return result.failed.length ? EXIT_PARTIAL : EXIT_OK;
  }
};
