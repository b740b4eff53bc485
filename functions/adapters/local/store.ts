/** All the local repositories over one `<out>` directory, as the CLI wires them. */
import { resolve } from 'node:path';
import { LocalAnnotationsRepository } from './annotations-repository.ts';
import { LocalFindingEventsRepository } from './finding-events-repository.ts';
import { LocalFindingsHistoryRepository } from './findings-history-repository.ts';
import { LocalFindingsRepository } from './findings-repository.ts';
import { LocalQuarantineRepository } from './quarantine-repository.ts';
import { type LocalReturnsOptions, LocalReturnsRepository } from './returns-repository.ts';
import { LocalRunsRepository } from './runs-repository.ts';

export interface LocalStore {
  root: string;
  returns: LocalReturnsRepository;
  quarantine: LocalQuarantineRepository;
  findings: LocalFindingsRepository;
  runs: LocalRunsRepository;
  events: LocalFindingEventsRepository;
  history: LocalFindingsHistoryRepository;
  annotations: LocalAnnotationsRepository;
}

export function openLocalStore(outDir: string, options: LocalReturnsOptions = {}): LocalStore {
  const root = resolve(outDir);
  return {
    root,
    returns: new LocalReturnsRepository(root, options),
    quarantine: new LocalQuarantineRepository(root),
    findings: new LocalFindingsRepository(root),
    runs: new LocalRunsRepository(root),
    events: new LocalFindingEventsRepository(root),
    history: new LocalFindingsHistoryRepository(root),
    annotations: new LocalAnnotationsRepository(root),
  };
}
