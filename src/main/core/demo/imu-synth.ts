// Synthetic 6-axis IMU (waist-worn: accelerometer in g, gyroscope in rad/s) for the demo project.
// Each activity is shaped like the real thing, not just scaled noise:
//   rest  gravity on a slightly tilted axis + sensor noise (≈0.01 g, 0.01 rad/s);
//   walk  step frequency 1.7–2.1 Hz: vertical bounce ±0.25 g with 2nd/3rd harmonics, fore-aft sway,
//         lateral sway at the stride frequency (half the step rate), pitch/yaw/roll rotation ≤ 0.6 rad/s;
//   run   2.6–3.0 Hz: ±0.55 g bounce plus a short heel-strike impact of 0.8–1.3 g every step, larger rotation;
//   jump  one jump every 0.9–1.2 s: a push-off (≈2.2 g), a flight phase in free fall (≈0 g, 0.3–0.4 s),
//         a landing impact of 3.5–5 g and a damped recovery.
// Everything is drawn from a seeded PRNG, so the same seed gives the same samples.

export type Activity = 'rest' | 'walk' | 'run' | 'jump';
export const ACTIVITIES: Activity[] = ['rest', 'walk', 'run', 'jump'];
export const DEMO_RATE = 50;

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Six output columns: acc x/y/z (g), gyro x/y/z (rad/s). */
export type Imu = [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];

export function allocImu(n: number): Imu {
  return [0, 1, 2, 3, 4, 5].map(() => new Float32Array(n)) as Imu;
}

/** Per-recording wearing angle: gravity is not exactly on z. */
export interface Wear {
  tiltX: number;
  tiltY: number;
}

const TAU = 2 * Math.PI;
const bump = (t: number, center: number, width: number) => Math.exp(-0.5 * ((t - center) / width) ** 2);

/** Writes `n` samples of one activity bout into out[·][at…at+n). */
export function synthBout(kind: Activity, out: Imu, at: number, n: number, wear: Wear, rand: () => number): void {
  const dt = 1 / DEMO_RATE;
  const gx = Math.sin(wear.tiltX);
  const gy = Math.sin(wear.tiltY);
  const gz = Math.sqrt(Math.max(0, 1 - gx * gx - gy * gy));
  const f = kind === 'walk' ? 1.7 + 0.4 * rand() : kind === 'run' ? 2.6 + 0.4 * rand() : 0;
  const jumpPeriod = 0.9 + 0.3 * rand();
  const flight = 0.3 + 0.1 * rand();
  const landing = 3.5 + 1.5 * rand();
  const strike = 0.8 + 0.5 * rand();
  const phase = TAU * rand();
  for (let i = 0; i < n; i++) {
    const t = i * dt;
    const w = TAU * f * t + phase;
    let ax = gx;
    let ay = gy;
    let az = gz;
    let wx = 0;
    let wy = 0;
    let wz = 0;
    let noiseA = 0.01;
    let noiseG = 0.01;
    if (kind === 'walk') {
      az += 0.25 * Math.sin(w) + 0.08 * Math.sin(2 * w + 0.6) + 0.04 * Math.sin(3 * w + 1.1);
      ax += 0.12 * Math.sin(w + 0.9) + 0.04 * Math.sin(2 * w);
      ay += 0.08 * Math.sin(w / 2);
      wx = 0.25 * Math.sin(w / 2 + 0.3);
      wy = 0.6 * Math.sin(w + 0.4) + 0.15 * Math.sin(2 * w);
      wz = 0.3 * Math.sin(w / 2);
      noiseA = 0.03;
      noiseG = 0.04;
    } else if (kind === 'run') {
      const stepPhase = ((w / TAU) % 1 + 1) % 1;
      az += 0.55 * Math.sin(w) + 0.15 * Math.sin(2 * w + 0.4) + strike * bump(stepPhase, 0.2, 0.03 * f);
      ax += 0.35 * Math.sin(w + 1.2) + 0.1 * Math.sin(2 * w);
      ay += 0.2 * Math.sin(w / 2);
      wx = 0.6 * Math.sin(w / 2 + 0.2);
      wy = 1.5 * Math.sin(w + 0.5) + 0.4 * Math.sin(2 * w);
      wz = 0.8 * Math.sin(w / 2);
      noiseA = 0.06;
      noiseG = 0.08;
    } else if (kind === 'jump') {
      const p = (t + phase / TAU) % jumpPeriod;
      const push = 0.25;
      if (p < push) {
        az += 1.2 * Math.sin((Math.PI * p) / push) - 0.3;
        ax += 0.1 * Math.sin((Math.PI * p) / push);
        wy = 0.8 * Math.sin((Math.PI * p) / push);
      } else if (p < push + flight) {
        ax = 0;
        ay = 0;
        az = 0; // free fall
        wy = -0.3;
      } else {
        const q = p - push - flight;
        az += landing * bump(q, 0.03, 0.025) + 0.4 * Math.exp(-q / 0.1) * Math.sin(TAU * 6 * q);
        ax += 0.3 * bump(q, 0.04, 0.03);
        wy = -1.2 * bump(q, 0.05, 0.04);
      }
      wx = 0.1 * Math.sin(TAU * t / jumpPeriod);
      noiseA = 0.05;
      noiseG = 0.05;
    }
    out[0][at + i] = ax + noiseA * gaussian(rand);
    out[1][at + i] = ay + noiseA * gaussian(rand);
    out[2][at + i] = az + noiseA * gaussian(rand);
    out[3][at + i] = wx + noiseG * gaussian(rand);
    out[4][at + i] = wy + noiseG * gaussian(rand);
    out[5][at + i] = wz + noiseG * gaussian(rand);
  }
}

/** An unlabelled change of activity: the samples fade linearly from the end of one bout to the next. */
export function synthTransition(out: Imu, at: number, n: number, rand: () => number): void {
  for (let c = 0; c < 6; c++) {
    const a = at > 0 ? out[c][at - 1] : 0;
    const b = out[c][at + n] ?? a;
    for (let i = 0; i < n; i++) {
      const u = (i + 1) / (n + 1);
      out[c][at + i] = a + (b - a) * u + (c < 3 ? 0.1 : 0.2) * Math.sin(Math.PI * u) * gaussian(rand);
    }
  }
}
