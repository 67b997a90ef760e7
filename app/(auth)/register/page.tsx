import type { Metadata } from "next";
import { RegisterClient } from "./register-client";

export const metadata: Metadata = { title: "Create an account" };

export default function RegisterPage() {
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold text-slate-900">Create an account</h1>
      <RegisterClient />
    </>
  );
}
