import { call, type Command, parse } from '../io';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Data folder, database schema version, and the TensorFlow.js backend that loads',
  usage: 'sensorlab info [--data-dir D] [--json]',
  async run({ args, io, core }) {
    const { values } = parse(args, {}, false);
    const c = core();
    const backend = await call(c, 'app.backend', {}).catch((err: Error) => ({ backend: 'none', device: 'CPU' as const, detail: err.message }));
    const info = await call(c, 'app.info', {});
    const doc = { ...info, backend };
    if (values.json) io.out(JSON.stringify(doc));
    else {
      io.out(`SensorLab ${info.version}`);
      io.out(`data folder:    ${info.dataDir}`);
      io.out(`database:       ${info.dbPath} (schema version ${info.schemaVersion})`);
      io.out(`ML backend:     ${backend.backend} on ${backend.device} — ${backend.detail}`);
    }
    return 0;
  }
};
