/**
 * Store limits on the minimum sizes of the memories and tables V8 creates itself (a module that
 * grows nothing and runs without an allocator-provided memory): the checks an allocator makes
 * when it allocates, with its errors, so instantiation is refused as on the other backends.
 */
import { WeftError } from '../../kernel/errors/weft-error.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import { PAGE_SIZE, type GrowGuard } from '../../kernel/runtime/memory-instance.js';

export function checkMinimums(ir: ModuleIR, guard: GrowGuard): void {
  for (let i = ir.numImportedMemories; i < ir.memoryTypes.length; i++) {
    const { min, max } = ir.memoryTypes[i].limits;
    if (!guard.memoryGrowing(0, min * PAGE_SIZE, max)) {
      throw new WeftError('resource_limit', `memory minimum size of ${min} pages exceeds memory limits`);
    }
  }
  for (const def of ir.tables) {
    const { min, max } = def.type.limits;
    if (!guard.tableGrowing(0, min, max)) {
      throw new WeftError('resource_limit', `table minimum size of ${min} elements exceeds table limits`);
    }
  }
}
