/**
 * Giving up load packages (`dropPendingPackages()`, `sync()`, starting over): what unfinished attempts at
 * loading them put in the dataset goes first, through the destination's optional `discardPackage` (only
 * destinations whose loads are not transactional have one: filesystem). A package no load was attempted
 * for (every job still new) has put nothing there, and needs no destination.
 */
import { errorMessage, SluiceError } from '../common/errors.js';
import type { Destination } from '../destinations/destination.js';
import type { LoadPackage } from '../storage/load-package.js';

/**
 * Removes from each of `datasetNames` what attempts at loading `packages` left there. Throws, naming the
 * package and the cause, when the destination cannot: the caller then drops nothing, so no package is
 * lost while its rows may still be in the dataset.
 */
export async function discardLoadAttempts(destination: () => Promise<Destination>, datasetNames: string[], packages: LoadPackage[]): Promise<void> {
  const attempted = packages.filter((pkg) => pkg.jobs().some((j) => j.state !== 'new_jobs'));
  if (!attempted.length) return;
  const dest = await destination();
  if (!dest.discardPackage) return;
  for (const pkg of attempted) {
    for (const dataset of datasetNames) {
      try {
        await dest.discardPackage(dataset, pkg);
      } catch (e) {
        throw new SluiceError(
          `could not remove the files an unfinished load of package ${pkg.loadId} put in ${dest.displayLocation()}, dataset ${dataset}: ${errorMessage(e)}; nothing was dropped: the package stays in ${pkg.dir} — fix the cause and drop it again, or run the pipeline to load it`,
          { cause: e },
        );
      }
    }
  }
}
