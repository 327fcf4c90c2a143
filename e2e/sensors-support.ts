/** The first Datastream of the first Thing that has observations, for the pages' tests. */
export async function someDatastream(base: string): Promise<string> {
  const list = (await (await fetch(`${base}/api/sta/things`)).json()) as { items: { datastreams: { id: number; latestTime: string | null }[] }[] };
  const stream = list.items.flatMap((thing) => thing.datastreams).find((one) => one.latestTime);
  if (!stream) throw new Error('no Datastream with observations');
  return String(stream.id);
}
