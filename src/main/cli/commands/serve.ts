import { join } from 'node:path';
import { ensureDemo } from '../../core/demo/create-demo';
import { startServer } from '../../server/server';
import { isLoopbackHostname } from '../../server/security';
import { type Command, numberFlag, parse } from '../io';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the app to a browser over a token-protected WebSocket (GPU servers, headless machines)',
  usage: 'sensorlab serve [--port P] [--host H] [--data-dir D] [--no-demo] [--json]\n  --port 0 picks a free port; --host defaults to 127.0.0.1',
  async run({ args, io, core }) {
    const { values } = parse(args, { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean' } }, false);
    const port = numberFlag(values.port, 'port', (n) => Number.isInteger(n) && n >= 0 && n < 65536) ?? 5217;
    const host = values.host ?? '127.0.0.1';
    if (!isLoopbackHostname(host)) {
      io.err(
        `WARNING: serving on ${host}: anyone who can reach this address and has the token can read and change your data. ` +
          'Prefer an SSH tunnel to 127.0.0.1.'
      );
    }
    const c = core();
    if (!values['no-demo'] && (await ensureDemo(c.store))) io.err('created the demo project (empty library)');
    const staticDir = process.env.SENSORLAB_RENDERER_DIR ?? join(__dirname, '../renderer');
    const server = await startServer({ core: c, host, port, staticDir });
    if (values.json) io.out(JSON.stringify({ url: server.url, port: server.port, host: server.host, dataDir: c.dataDir }));
    else {
      io.out(`SensorLab is serving ${c.dataDir}`);
      io.out(`open ${server.url}`);
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.err('stopping…');
    await server.close();
    return 0;
  }
};
