package dev.ingressc;

/** A Secret named outside any Ingress ({@code --default-certificate NS/SECRET}). */
public record SecretRef(String namespace, String name) {}
