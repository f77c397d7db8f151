import { z } from 'zod';
import { BackendInfo, JobInfo } from '../domain';
import { request } from './define';

export const AppInfo = z.object({
  name: z.literal('SensorLab'),
  version: z.string(),
  dataDir: z.string(),
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  backend: BackendInfo.nullable()
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appApi = {
  'app.info': request(z.object({}).strict(), AppInfo, 'Data folder, schema version and ML backend'),
  'app.backend': request(z.object({}).strict(), BackendInfo, 'Load (once) and report the TensorFlow.js backend'),
  'jobs.list': request(z.object({}).strict(), z.array(JobInfo), 'Jobs of this session, newest first'),
  'jobs.get': request(z.object({ id: z.string().min(1) }).strict(), JobInfo, 'One job by id'),
  'jobs.cancel': request(z.object({ id: z.string().min(1) }).strict(), JobInfo, 'Cancel a running job by id')
};
