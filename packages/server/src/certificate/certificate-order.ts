/** Orders certificates latest-ending first, as an account lists them. */
export const latestEndingFirst = (a: { notAfter: Date }, b: { notAfter: Date }) => b.notAfter.getTime() - a.notAfter.getTime();
