#!/usr/bin/env node
// `npm start`: build, then open the desktop app. Where Electron cannot run (no binary downloaded,
// no display) say so in one line and point to `npm run serve`.
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const build = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

let electronPath = null;
let why = null;
try {
  electronPath = require('electron'); // the binary's path; throws when it was never downloaded
} catch (err) {
  why = 'the Electron binary is not installed (it is downloaded by electron\'s install script, e.g. skipped with ELECTRON_SKIP_BINARY_DOWNLOAD)';
}
if (!why && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  why = 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)';
}
if (why) {
  console.error(`SensorLab cannot open its desktop window: ${why}. Run \`npm run serve\` and open the printed URL in a browser instead.`);
  process.exit(1);
}
const child = spawn(electronPath, [root], { stdio: 'inherit', env: process.env });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
