/**
 * `npm start`'s running commentary: each step says what it is doing and, when done, how long it
 * took. On a terminal the current step's line counts the seconds in place, so a long build is
 * never silent; elsewhere (CI logs, pipes) there is one line when a step starts and one when it ends.
 */

export interface Progress {
  step<T>(label: string, run: () => Promise<T>): Promise<T>;
  line(text: string): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function createProgress(out: { write(s: string): unknown; isTTY?: boolean }, now: () => number = Date.now): Progress {
  const started = now();
  return {
    async step(label, run) {
      const t0 = now();
      let ticker: NodeJS.Timeout | undefined;
      if (out.isTTY) {
        const draw = () => out.write(`\r\x1b[2K… ${label} (${Math.round((now() - t0) / 1000)} s)`);
        draw();
        ticker = setInterval(draw, 1000);
      } else {
        out.write(`… ${label}\n`);
      }
      const end = (mark: string) => {
        if (ticker) clearInterval(ticker);
        out.write(`${out.isTTY ? '\r\x1b[2K' : ''}${mark} ${label} (${seconds(now() - t0)}; ${seconds(now() - started)} since start)\n`);
      };
      try {
        const result = await run();
        end('✓');
        return result;
      } catch (e) {
        end('✗');
        throw e;
      }
    },
    line(text) {
      out.write(`${text}\n`);
    },
  };
}
