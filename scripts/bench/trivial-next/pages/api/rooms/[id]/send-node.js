/** The same write as /api/send-node on a dynamic Pages Router route (a path parameter, as the app's send has). */
import sendNode from "../../send-node";

export const config = { api: { bodyParser: false } };

export default sendNode;
