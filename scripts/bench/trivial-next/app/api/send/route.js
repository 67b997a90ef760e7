export const dynamic = "force-dynamic";

/** The framework's floor for a write: parse a JSON body, answer 201 with JSON. */
export async function POST(req) {
  const body = await req.json();
  return Response.json({ message: { text: body.text, clientId: body.clientId } }, { status: 201 });
}
