/**
 * Following a file name's own symbolic links to the file they lead to, so that a file is
 * read, replaced, backed up and locked in one place. Replacing a link by rename would put
 * a plain file where the link was and leave its target behind: two diverging copies.
 */
import { lstat, readlink } from "node:fs/promises";
import path from "node:path";
import { NotRegularFileError } from "./regular-file.js";

/** As many links as Linux follows before it gives up with ELOOP. */
const MAX_LINKS = 40;

/**
 * The path `file` leads to once its final component's symbolic links are followed (the
 * folders on the way are left as given: whatever they resolve to, the file's siblings —
 * its backup, its lock — sit beside it). A link to nothing yet gives the path it points
 * at, where the file will be created.
 *
 * @throws NotRegularFileError when the links loop.
 */
export async function followFileLinks(file: string): Promise<string> {
  let current = file;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let target: string;
    try {
      if (!(await lstat(current)).isSymbolicLink()) return current;
      target = await readlink(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Nothing there (yet), or a part of the path is not a folder: the caller's open or
      // write reports that with its own message.
      if (code === "ENOENT" || code === "ENOTDIR") return current;
      throw error;
    }
    current = path.resolve(path.dirname(current), target);
  }
  throw new NotRegularFileError(file, "a symbolic link that loops (or a chain of over 40 links)");
}
