// The bundled models, read once per test file (the runtime entries do the same in production).
import type { Gazetteer } from '../../src/extract/agencies.js';
import { createRepairer, type Repairer } from '../../src/repair/index.js';
import type { RepairModel } from '../../src/repair/model.js';
import { loadGazetteer, loadRepairModel } from '../../src/runtime/node/models.js';

let model: RepairModel | undefined;
let repairer: Repairer | undefined;
let gazetteer: Promise<Gazetteer> | undefined;

export const repairModel = (): RepairModel => (model ??= loadRepairModel());
export const testRepairer = (): Repairer => (repairer ??= createRepairer(repairModel()));
export const testGazetteer = (): Promise<Gazetteer> => (gazetteer ??= loadGazetteer());
