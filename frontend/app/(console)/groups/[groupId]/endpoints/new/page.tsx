"use client";

import { useParams } from "next/navigation";
import { EndpointFormPage } from "@/components/features/endpoints/endpoint-form-page";

export default function NewEndpointPage() {
  const { groupId } = useParams<{ groupId: string }>();
  return <EndpointFormPage groupId={groupId} />;
}
