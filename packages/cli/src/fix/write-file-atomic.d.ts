/** The subset of write-file-atomic (no bundled types) the fixer uses: temp file + fsync + rename, mode and owner kept. */
declare module 'write-file-atomic' {
  function writeFileAtomic(filename: string, data: string, options?: { encoding?: BufferEncoding; mode?: number; fsync?: boolean }): Promise<void>;
  export default writeFileAtomic;
}
