import { call, type Command, followJob, jobResult, parse } from '../io';
import type { DemoResult } from '../../core/demo/create-demo';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Create the demo project (synthetic 6-channel IMU with rest/walk/run/jump labels)',
  usage: 'sensorlab demo [--data-dir D] [--json]',
  async run({ args, io, core }) {
    const { values } = parse(args, {}, false);
    const c = core();
    const { jobId } = await call(c, 'demo.create', {});
    const result = jobResult<DemoResult>(await followJob(c, jobId, io));
    if (values.json) io.out(JSON.stringify(result));
    else for (const r of result.recordings) io.out(`created ${r.name} (id ${r.id})`);
    return 0;
  }
};
