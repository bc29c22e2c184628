// The one error type of the cluster module: a sentence for the operator (the CLI prints
// it as is and exits 1), as opposed to bugs, which keep their stack.
export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}
