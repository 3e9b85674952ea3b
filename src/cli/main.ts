#!/usr/bin/env node
// Entry: `vanban <command> [options]`.
import { parseArgs } from 'node:util';
import { commands } from './commands.js';
import { describeError, UsageError } from './common.js';
import { VanbanError } from '../errors.js';

function help(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `vanban: read Vietnamese administrative notices\n\nusage: vanban <command> [options]\n\n${rows.join('\n')}\n\n'vanban <command> --help' for a command's options.`;
}

function commandHelp(name: string): string {
  const c = commands[name];
  const opts = Object.entries(c.options).map(([k, o]) => `  --${k.padEnd(12)} ${o.description}`);
  return `usage: ${c.usage}\n\n${c.summary}\n${opts.length ? `\noptions:\n${opts.join('\n')}\n` : ''}  --help         this text`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`vanban: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    console.error(`vanban ${name}: ${(e as Error).message}\n\n${commandHelp(name)}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(commandHelp(name));
    return 0;
  }
  try {
    return await cmd.run(parsed.positionals, parsed.values as Record<string, string | boolean | undefined>);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`vanban ${name}: ${e.message}\n\n${commandHelp(name)}`);
      return 2;
    }
    console.error(`vanban ${name}: ${describeError(e)}`);
    return e instanceof VanbanError ? 1 : 3;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(3);
  },
);
