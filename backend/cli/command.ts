import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { Config } from '../config';
import type { SandboxApp } from '../hubspot/app';
import type { DatabaseHandle } from '../db/database';

/**
 * One operator command. `flags` is a zod object: the parsed `--flags` must satisfy it, and each
 * problem is reported with the flag's name. `run` returns the exit code; expected failures
 * (not found, conflict) print a message to stderr and return EXIT.failed, they do not throw.
 */
export interface Command<S extends z.ZodType = z.ZodType> {
  /** The words that select it, e.g. `workspace create`. */
  name: string;
  summary: string;
  /** Flag lines for help, e.g. `--name <text>  the workspace name`. */
  usage: string[];
  flags: S;
  run(ctx: CliContext, flags: z.output<S>): Promise<number>;
}

export interface CliContext {
  config: Config;
  /** Opens the database on first use (commands like `help` never connect). */
  database(): DatabaseHandle;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  now(): number;
  /** The dev sandbox's app (backend/dev/cli.ts); absent in the production CLI, which needs credentials. */
  sandboxApp?: SandboxApp;
}

/** sysexits-style codes, so scripts can tell a usage mistake from a failed operation. */
export const EXIT = { ok: 0, failed: 1, usage: 64, software: 70, config: 78 } as const;

export function defineCommand<S extends z.ZodType>(c: Command<S>): Command<S> {
  return c;
}

export const line = (w: Writable, text = '') => w.write(`${text}\n`);

/** A bare `--flag` switch. */
export const switchFlag = () => z.literal(true, { error: 'takes no value (it is a switch)' }).optional();
