"use client";

import { useParams } from "next/navigation";
import { EndpointFormPage } from "@/components/features/endpoints/endpoint-form-page";

export default function EditEndpointPage() {
  const { groupId, endpointId } = useParams<{ groupId: string; endpointId: string }>();
  return <EndpointFormPage key={endpointId} groupId={groupId} endpointId={endpointId} />;
}
