/** The same write on a dynamic Pages Router route (a path parameter, as the app's send has): Node's req/res, JSON in and out. */
export const config = { api: { bodyParser: false } };

export default async function sendNode(req, res) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const out = Buffer.from(JSON.stringify({ message: { text: body.text, clientId: body.clientId } }));
  res.statusCode = 201;
  res.setHeader("content-type", "application/json");
  res.setHeader("content-length", out.length);
  res.end(out);
}
